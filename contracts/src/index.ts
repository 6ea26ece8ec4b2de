import { z } from 'zod';

// Zod's own messages (a missing field, a wrong type) reach users in import reports: in Chinese.
z.config(z.locales.zhCN());

export * from './labels.js';
export * from './enums.js';
export * from './common.js';
export * from './auth.js';
export * from './regions.js';
export * from './orgs.js';
export * from './users.js';
export * from './audit.js';
export * from './people.js';
export * from './teams.js';
export * from './pairing.js';
export * from './enrolment.js';
export * from './responsibilities.js';
export * from './temporary-branches.js';
export * from './rates.js';
export * from './duty.js';
export * from './allocation.js';
