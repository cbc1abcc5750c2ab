"""The only way a layout reaches a file: inside allowed folders, never the network."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from brochure.reading import confine

log = logging.getLogger(__name__)

#: Largest file a layout may pull in (an image, a stylesheet).
MAX_RESOURCE_BYTES = 20 * 1024 * 1024


class ConfinedFetcher(URLFetcher):
    """Serves `file:` URLs inside the given folders and `data:` URLs; refuses the rest.

    WeasyPrint's own fetcher opens any URL, `file:///etc/passwd` and `http://` alike;
    event text and layouts come from many hands, so nothing leaves these folders.
    """

    def __init__(self, folders: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.folders = tuple(folder.resolve() for folder in folders)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(unquote(urlsplit(url).path)))
            if confine.is_inside(path, self.folders) and path.is_file():
                size = path.stat().st_size
                if size > MAX_RESOURCE_BYTES:
                    return self._refuse(url, f"larger than {MAX_RESOURCE_BYTES // 2**20} MiB")
                return URLFetcherResponse(path.as_uri(), path.read_bytes())
            return self._refuse(url, "outside the source and layout folders")
        return self._refuse(url, "brochure never fetches from the network")

    def _refuse(self, url: str, why: str) -> URLFetcherResponse:
        self.refused.append(url)
        log.warning("refused to load %s: %s", url[:200], why)
        raise ValueError(f"refused {url[:200]}: {why}")
