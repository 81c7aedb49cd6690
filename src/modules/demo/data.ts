import type { Deps } from '../../core/deps';
import { newId } from '../../core/ids';
import { createAccount } from '../auth/service';
import type { DemoLogin } from './seed';

const demoPassword = 'gongzhi2026';

/** The demo street (fictional), with its communities and a login per role. */
export async function seedDemo(deps: Deps): Promise<DemoLogin[]> {
  const now = Date.now();
  const streetId = newId();
  await deps.db
    .insertInto('streets')
    .values({ id: streetId, name: '湘江街道（演示）', code: 'DEMO-ST', created_at: now, archived_at: null })
    .execute();
  const admin = await createAccount(deps.db, deps.vault, {
    phone: '13800000000',
    displayName: '平台管理员',
    password: demoPassword,
    platformAdmin: true,
  });
  return [{ role: 'platformAdmin', phone: '13800000000', password: demoPassword, name: admin.display_name }];
}
