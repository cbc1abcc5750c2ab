"""The only way a layout reaches a file: inside allowed folders, never the network, and
every image through the image gate (reading/images.py)."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from brochure.engines.logcapture import once
from brochure.reading import confine, images

log = logging.getLogger(__name__)

#: Largest file a layout may pull in (an image, a stylesheet, a font).
MAX_RESOURCE_BYTES = 20 * 1024 * 1024


class ConfinedFetcher(URLFetcher):
    """Serves `file:` URLs inside the given folders and `data:` URLs; refuses the rest.

    WeasyPrint's own fetcher opens any URL, `file:///etc/passwd` and `http://` alike;
    event text and layouts come from many hands, so nothing leaves these folders. What
    is served and is an image (whatever the URL calls it) must pass the image gate, with
    the images an SVG refers to read through this same confinement.
    """

    def __init__(self, folders: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.folders = tuple(folder.resolve() for folder in folders)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            response = super().fetch(url, headers)
            try:
                data = response.read(MAX_RESOURCE_BYTES + 1)
            finally:
                response.close()
            if len(data) > MAX_RESOURCE_BYTES:
                return self._refuse(url, f"larger than {MAX_RESOURCE_BYTES // 2**20} MiB")
            return self._gated(url, data, response.headers)
        if scheme == "file":
            try:
                data = self._read(url)
            except PermissionError as error:
                return self._refuse(url, str(error))
            return self._gated(url, data)
        return self._refuse(url, "brochure never fetches from the network")

    def _read(self, url: str) -> bytes:
        """The bytes of a file: URL inside the folders; PermissionError saying why not."""
        path = Path(url2pathname(unquote(urlsplit(url).path)))
        if not confine.is_inside(path, self.folders):
            # a name inside the folders that is not there is missing, not outside: a
            # link to nothing resolves to where it points
            if path.is_symlink() or not confine.is_inside(path.parent, self.folders):
                raise PermissionError("outside the source and layout folders")
            raise PermissionError("no such file")
        if not path.is_file():
            raise PermissionError("not a file" if path.exists() else "no such file")
        if path.stat().st_size > MAX_RESOURCE_BYTES:
            raise PermissionError(f"larger than {MAX_RESOURCE_BYTES // 2**20} MiB")
        return path.read_bytes()

    def _gated(self, url: str, data: bytes, headers: object = None) -> URLFetcherResponse:
        if images.looks_like_image(data):
            try:
                info = images.inspect(data, self._resolver(url))
                if urlsplit(url).scheme.lower() == "file":
                    images.check_name(unquote(urlsplit(url).path), info)
            except images.ImageError as error:
                return self._refuse(url, f"the image {error}")
            for warning in info.warnings:
                log.warning("image %s %s", url[:200], warning)
        return URLFetcherResponse(url, data, headers)

    def _resolver(self, base: str) -> images.Resolve:
        """Reads what an SVG at base refers to, by the same rules."""

        def resolve(reference: str) -> bytes:
            target = urljoin(base, reference)
            if urlsplit(target).scheme.lower() != "file":
                raise images.ImageError(f"'{reference[:80]}' is not a file beside it")
            try:
                return self._read(target)
            except PermissionError as error:
                raise images.ImageError(f"'{reference[:80]}' is {error}") from None

        return resolve

    def _refuse(self, url: str, why: str) -> URLFetcherResponse:
        self.refused.append(url)
        if once("refused", url, why):  # a page is laid out more than once
            log.warning("refused to load %s: %s", url[:200], why)
        raise ValueError(f"refused {url[:200]}: {why}")
