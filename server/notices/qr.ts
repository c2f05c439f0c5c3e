// The QR code on a wall notice: drawn on the server as SVG and put into the page as markup, so
// it prints sharp at any size and needs no script. The page's CSP forbids inline styles; the
// library draws with fill and stroke attributes only, and anything else it might one day write
// is refused here rather than put on a page (the shape below is all an inlined code may be).
import QRCode, { type QRCodeToStringOptions } from 'qrcode';

/** Shared with the tests, which draw the same address again and compare. */
export const QR_OPTIONS: QRCodeToStringOptions = { type: 'svg', errorCorrectionLevel: 'M', margin: 2 };

const SAFE_SVG =
  /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+" shape-rendering="crispEdges"><path fill="#[0-9a-f]{6}" d="M0 0h\d+v\d+H0z"\/><path stroke="#[0-9a-f]{6}" d="[MmHhVv0-9. ]+"\/><\/svg>$/;

/** The QR code of an address, as SVG markup safe to write into a page unescaped. */
export async function qrSvg(address: string): Promise<string> {
  const svg = (await QRCode.toString(address, QR_OPTIONS)).trim();
  if (!SAFE_SVG.test(svg))
    throw new Error('the QR code library drew something other than plain paths; it is not put on a page');
  return svg;
}

/** The public address of a notice, which its QR code and its printed text both give. */
export const noticeAddress = (baseUrl: string, rectificationId: number) => `${baseUrl}/notices/${rectificationId}`;
