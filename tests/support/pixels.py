"""What a screenshot shows, measured in the browser itself (no imaging library needed)."""

from __future__ import annotations

import base64

JS_PAINTED = """async ([data, bg]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const image = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const px = ctx.getImageData(0, 0, image.width, image.height).data;
  let painted = 0, top = Infinity, bottom = -1;
  for (let i = 0; i < px.length; i += 4) {
    const d = Math.abs(px[i] - bg[0]) + Math.abs(px[i + 1] - bg[1]) + Math.abs(px[i + 2] - bg[2]);
    if (d > 60) {
      painted += 1;
      const y = Math.floor(i / 4 / image.width);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return {share: painted / (image.width * image.height), top, bottom, width: image.width, height: image.height};
}"""


def painted(page, png: bytes, background=(255, 255, 255)) -> dict:
    """Share of the screenshot's pixels that differ clearly from `background`, and their vertical extent."""
    return page.evaluate(JS_PAINTED, [base64.b64encode(png).decode(), list(background)])
