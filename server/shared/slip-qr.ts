// The QR code on a printed slip (a ballot slip, a questionnaire invitation): one way of drawing it,
// so both kinds of slip scan alike and the tests can draw the same address again and compare.
import QRCode, { type QRCodeToDataURLOptions } from 'qrcode';

export const SLIP_QR_OPTIONS: QRCodeToDataURLOptions = {
  type: 'image/png',
  errorCorrectionLevel: 'M',
  margin: 2,
  scale: 4,
};

/** A PNG data: address (the CSP allows data: images, and an <img> takes no inline style). */
export const slipQr = (address: string): Promise<string> => QRCode.toDataURL(address, SLIP_QR_OPTIONS);
