# cvtool with TeX Live, the Noto fonts and poppler, for people who do not want TeX on their machine.
#
#   docker build -t cvtool .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/cv" cvtool render cv.yaml
#
# The CV folder is mounted at /cv (the working folder); the PDFs appear in its out/ folder.
# The packages are those of scripts/ensure-tex.sh (a test keeps the two lists equal).
FROM python:3.11-slim-bookworm

ENV DEBIAN_FRONTEND=noninteractive \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    XDG_CACHE_HOME=/tmp/cvtool-cache

# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       texlive-xetex texlive-lang-chinese texlive-latex-recommended texlive-latex-extra \
       texlive-fonts-recommended fonts-noto-core fonts-noto-cjk fonts-texgyre-math \
       fonts-hanazono fonts-symbola poppler-utils fontconfig \
    && fc-cache -f \
    && rm -rf /var/lib/apt/lists/*

COPY . /opt/cvtool-src
RUN pip install /opt/cvtool-src && rm -rf /opt/cvtool-src

WORKDIR /cv
ENTRYPOINT ["cvtool"]
CMD ["--help"]
