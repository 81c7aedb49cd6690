import QRCode from 'qrcode';

/**
 * The sign-in QR code (签到码) shown on a screen or printed at the meeting's door. It holds the
 * address of the resident app's sign-in page for this meeting; scanning it in WeChat opens the page,
 * which signs the logged-in resident in.
 */

/** The resident app's sign-in page for a meeting: the token is the meeting's secret, not its id. */
export const checkinPath = (token: string) => `/checkin/${token}`;

/** The sign-in page's full address, for the QR code. */
export const checkinUrl = (origin: string, token: string) => `${origin}${checkinPath(token)}`;

/** The QR code as SVG, with a quiet zone and error correction that survives a smudged printout. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
