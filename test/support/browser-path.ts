// Where the browser tests find Chromium (Debian's package, or TANDEM_CHROMIUM).
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.TANDEM_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
