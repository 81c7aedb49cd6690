import { useQuery } from '@tanstack/react-query';
import { Button, Modal, Space, Typography } from 'antd';
import QRCode from 'qrcode';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/i18n';
import './housing.css';

/**
 * A freshly issued invitation code, shown this once (the server keeps only its hash), with a QR of
 * the join link. Printing shows only the sheet: code, QR, the household's address and short
 * instructions in Chinese and English, whatever language the console is in.
 */

export interface IssuedInvitation {
  code: string;
  joinUrl: string;
  expiresAt: number;
  maxUses: number;
}

function Sheet({
  invitation,
  address,
  qr,
}: {
  invitation: IssuedInvitation;
  address: string;
  qr: string | null;
}) {
  const { t } = useTranslation();
  const expires = (lng: string) => formatDateTime(invitation.expiresAt, lng);
  return (
    <div className="invitation-card">
      <p className="invitation-title">
        {t('people.invite.sheetTitle', { lng: 'zh-CN' })} · {t('people.invite.sheetTitle', { lng: 'en' })}
      </p>
      <p className="invitation-address">{address}</p>
      {qr && (
        <img
          className="invitation-qr"
          src={qr}
          width={240}
          height={240}
          alt={t('people.invite.qrAlt', { code: invitation.code })}
        />
      )}
      <p className="invitation-code-label">
        {t('people.invite.code', { lng: 'zh-CN' })} · {t('people.invite.code', { lng: 'en' })}
      </p>
      <p className="invitation-code">{invitation.code}</p>
      <div className="invitation-steps" lang="zh-CN">
        {t('people.invite.steps', {
          lng: 'zh-CN',
          expires: expires('zh-CN'),
          uses: invitation.maxUses,
        })}
      </div>
      <div className="invitation-steps" lang="en">
        {t('people.invite.steps', { lng: 'en', expires: expires('en'), uses: invitation.maxUses })}
      </div>
    </div>
  );
}

export function InvitationPrint({
  invitation,
  address,
  onClose,
}: {
  invitation: IssuedInvitation | null;
  address: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const url = invitation ? `${location.origin}${invitation.joinUrl}` : null;
  // Drawn in the browser: the code never leaves it again. Not kept once the dialog is gone.
  const qr = useQuery({
    queryKey: ['invitation-qr', url],
    enabled: !!url,
    staleTime: Infinity,
    gcTime: 0,
    queryFn: () => QRCode.toDataURL(url!, { width: 480, margin: 1, errorCorrectionLevel: 'M' }),
  });

  return (
    <Modal
      open={!!invitation}
      title={t('people.invite.issuedTitle')}
      onCancel={onClose}
      width="min(560px, 100vw)"
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('people.invite.done')}</Button>
          <Button type="primary" onClick={() => window.print()}>
            {t('people.invite.print')}
          </Button>
        </Space>
      }
    >
      {invitation && (
        <>
          <Typography.Paragraph strong>{t('people.invite.onlyOnce')}</Typography.Paragraph>
          <Sheet invitation={invitation} address={address} qr={qr.data ?? null} />
          {url && (
            <Typography.Paragraph copyable={{ text: url }} className="invitation-link">
              {url}
            </Typography.Paragraph>
          )}
          {/* What the printer gets: the sheet alone, outside the console's layout. */}
          {createPortal(
            <div className="invitation-sheet">
              <Sheet invitation={invitation} address={address} qr={qr.data ?? null} />
            </div>,
            document.body,
          )}
        </>
      )}
    </Modal>
  );
}
