// Where the tests run: set by ConsoleBrowserIT (or by hand against ./run.sh; see ../README.md).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const env = process.env;

export const BASE_URL = (env.KCEDU_BASE_URL || 'http://localhost:8080').replace(/\/+$/, '');
export const REALM = env.KCEDU_REALM || 'edu';
export const PASSWORD = env.KCEDU_DEMO_PASSWORD || 'kc-edu-demo-2026';
/** A confidential client with the password grant, for checking through the API what the UI did (test realms only). */
export const API_CLIENT = env.KCEDU_API_CLIENT || 'kc-edu-it';
export const API_SECRET = env.KCEDU_API_SECRET || 'kc-edu-it-secret';
export const SMTP_PORT = Number(env.KCEDU_SMTP_PORT || 1025);
export const CHROMIUM = env.KCEDU_CHROMIUM || '/usr/bin/chromium';
export const FIREFOX = env.KCEDU_FIREFOX || '/usr/bin/firefox-esr';
export const SCREENSHOTS = resolve(env.KCEDU_SCREENSHOTS || 'target/screenshots');
export const HEADLESS = env.KCEDU_HEADED !== 'true';
mkdirSync(SCREENSHOTS, { recursive: true });

export const REALM_URL = `${BASE_URL}/realms/${REALM}`;
export const CONSOLE_URL = `${REALM_URL}/kc-edu/console/`;
export const API_URL = `${REALM_URL}/kc-edu`;

/** The demo users (realm file + demo data), all with the demo password. */
export const USERS = {
  state: 'state.admin@kc-edu.example',
  district: 'district.admin@kc-edu.example',
  school: 'school.admin@kc-edu.example',
  testAdmin: 'test.admin@kc-edu.example',
  teacher: 'teacher@kc-edu.example',
  viewer: 'viewer@kc-edu.example',
};

/** The demo directory (providers/src/main/resources/kc-edu/demo/demo-data.json). */
export const DEMO = {
  state: { identifier: 'DS', name: 'Demo State Department of Education' },
  northfield: { identifier: '9900001', name: 'Northfield Unified School District' },
  southport: { identifier: '9900002', name: 'Southport Public Schools' },
  eastlake: { identifier: '9900003', name: 'Eastlake County Schools' },
  northfieldHigh: { identifier: '990000100011', name: 'Northfield High School' },
  northfieldElementary: { identifier: '990000100012', name: 'Northfield Elementary School' },
  riverbend: { identifier: '990000100013', name: 'Riverbend Middle School' },
  southportHigh: { identifier: '990000200021', name: 'Southport High School' },
};
