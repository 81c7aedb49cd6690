/** 附件: uploads and their clean-up. attachFiles and registerFileAccess live in src/core/files.ts. */
export { fileRoutes } from './routes';
export { fileCleanupJob } from './cleanup';
