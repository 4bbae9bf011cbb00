import { Text, View } from '@tarojs/components';
import { Button } from './nut/Button';
import './ConfirmPanel.scss';

export interface ConfirmRequest {
  title: string;
  detail: string;
  confirmText: string;
  /** Red confirm button, for what cannot be undone (解约). */
  danger?: boolean;
}

/**
 * An in-page confirmation over a dimmed page: pausing, resuming or cancelling an agreement must never happen on
 * one stray tap. Drawn by the page itself (not wx.showModal) so large text in 长辈模式 applies and tests can find it.
 */
export function ConfirmPanel({ request, busy, onConfirm, onCancel }: { request: ConfirmRequest | null; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  if (!request) return null;
  return (
    <View className="confirm-mask" data-testid="confirm-panel">
      <View className="confirm-panel">
        <Text className="confirm-panel__title">{request.title}</Text>
        <Text className="confirm-panel__detail">{request.detail}</Text>
        <View className="confirm-panel__actions">
          <Button size="large" disabled={busy} onClick={onCancel} data-testid="confirm-cancel">
            再想想
          </Button>
          <Button type={request.danger ? 'danger' : 'primary'} size="large" loading={busy} disabled={busy} onClick={onConfirm} data-testid="confirm-ok">
            {request.confirmText}
          </Button>
        </View>
      </View>
    </View>
  );
}
