"""Public derivatives of images: pixels only, with EXIF, GPS, XMP and comments dropped.

The derivative is rebuilt from pixel data into a fresh image (after applying the EXIF
orientation so it still looks right), so no metadata block of the original can survive.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from vigil.errors import InputError

Image.MAX_IMAGE_PIXELS = 200_000_000  # refuse decompression bombs beyond this


def strip_metadata(data: bytes) -> tuple[bytes, str]:
    """(image bytes without metadata, their media type) for a JPEG, PNG, GIF, WebP or TIFF."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            upright = ImageOps.exif_transpose(im)
            is_jpeg = im.format == "JPEG"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as e:
        raise InputError(f"not an image Vigil can read: {e}") from e
    mode = upright.mode if upright.mode in ("RGB", "RGBA", "L", "LA") else "RGBA"
    pixels = upright.convert(mode)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    if is_jpeg and mode in ("RGB", "L"):
        clean.save(out, format="JPEG", quality=92)
        return out.getvalue(), "image/jpeg"
    clean.save(out, format="PNG")
    return out.getvalue(), "image/png"
