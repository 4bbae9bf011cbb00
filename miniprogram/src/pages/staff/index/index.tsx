import { Text, View } from '@tarojs/components';
import { PageShell } from '../../../components/PageShell';
import { openPage } from '../../../lib/routes';
import { AccessGate } from '../common/AccessGate';
import { STAFF_ROUTES } from '../common/routes';
import { useStaffAccess } from '../common/useStaffAccess';
import { PageIntro } from '../../../components/PageIntro';
import '../common/staff.scss';

function Entry({ title, note, url, testId }: { title: string; note: string; url: string; testId: string }) {
  return (
    <View className="app-card staff__entry" data-testid={testId} onClick={() => openPage(url)}>
      <Text className="staff__entry-title">{title}</Text>
      <Text className="app-muted">{note}</Text>
      <Text className="staff__link">进入 ›</Text>
    </View>
  );
}

/** 经办工作台: the staff and fund pages, for callers with those roles. */
export default function StaffHome() {
  const { access, recheck } = useStaffAccess();
  return (
    <PageShell testId="staff-home-page">
      <PageIntro title="经办工作台" intro="医保经办与基金管理人员使用" />
      <AccessGate access={access} onRetry={recheck}>
        <Entry title="对账" note="核对微信支付账单、合作银行对账单与我方记录，列出差异（不自动更正）" url={STAFF_ROUTES.reconciliation} testId="go-reconciliation" />
        <Entry title="待人工处理款项" note="未能原路退回的退费、银行未受理的微信还款、未能入账的微信缴费等需经办人员处理的款项，及其所在账户余额" url={STAFF_ROUTES.held} testId="go-held-money" />
        {/* A counter action: for 经办 staff, not fund staff alone (the server refuses them too). */}
        {access.kind === 'staff' && access.roles.includes('staff') ? (
          <Entry title="恢复暂停参保" note="年度开始后退出居民医保而暂停参保的，重新参保时在此恢复该年度" url={STAFF_ROUTES.restore} testId="go-restore" />
        ) : null}
        <Entry title="平台企业参保率" note="快递、外卖、网约车等平台企业灵活就业人员的参保率及变化" url={STAFF_ROUTES.enterprises} testId="go-enterprise-rates" />
      </AccessGate>
    </PageShell>
  );
}
