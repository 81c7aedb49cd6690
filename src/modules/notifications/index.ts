/** 消息: the inbox, its live stream, and delivery to outside channels. What other modules use: */
export {
  notify,
  accountTopic,
  notificationEvent,
  type NotifyKind,
  type NotifyMessage,
  type Notified,
} from './notify';
export { notificationRoutes } from './routes';
export { notificationJobs } from './channels';
export type { NotifyParams } from './text';
