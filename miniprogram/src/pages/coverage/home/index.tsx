import { useCallback, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { ApiError } from '@shared/api/errors';
import { hasSession, startLogin } from '../../../api/session';
import { PageShell } from '../../../components/PageShell';
import { PageLoadState } from '../../../components/LoadState';
import { Button } from '../../../components/nut/Button';
import { Switch } from '../../../components/nut/Switch';
import { setElderMode, useElderMode } from '../../../lib/elderMode';
import { openPage, ROUTES, withQuery } from '../../../lib/routes';
import { api } from '../../../api/client';
import { ConfirmPanel } from '../../../components/ConfirmPanel';
import { FormAlert } from '../../../components/FormAlert';
import { useConfirmedAction } from '../../../lib/useConfirmedAction';
import { loadHome, type HomeData } from './loadHome';
import { PersonCoverage, type Verification } from './PersonCoverage';
import { ServiceEntries } from './ServiceEntries';
import { PageIntro } from '../../../components/PageIntro';
import './index.scss';

type HomeRelative = Extract<HomeData, { kind: 'ready' }>['relatives'][number];
type HomeState = { kind: 'loading' } | { kind: 'failed'; error: ApiError } | HomeData;

function ElderModeSwitch() {
  const elder = useElderMode();
  return (
    <View className="app-card home__elder" data-testid="elder-toggle">
      <View className="home__elder-text">
        <Text className="home__elder-title">长辈模式</Text>
        <Text className="app-muted">字体和按钮更大，看得更清楚</Text>
      </View>
      <Switch checked={elder} onChange={setElderMode} />
    </View>
  );
}

function ReadyView({ data, onRemove }: { data: Extract<HomeData, { kind: 'ready' }>; onRemove: (relative: HomeRelative) => void }) {
  const linkOf = new Map(data.relatives.map((relative) => [relative.person.personId, relative]));
  const verifications = new Map<string, Verification>(
    data.relatives.map((relative) => [relative.person.personId, { verified: relative.verified, note: relative.verifyNote }]),
  );
  const coveredIds = new Set(data.coverage.people.map((entry) => entry.person.personId));
  // A relative the coverage answer leaves out (for instance one not verified yet) still gets a card, so a
  // just-added relative never seems to vanish.
  const uncovered = data.relatives.filter((relative) => !coveredIds.has(relative.person.personId));
  const hasRelatives = data.relatives.length > 0;
  return (
    <View>
      <View className="app-card home__pay-actions">
        <Button type="primary" size="large" onClick={() => openPage(ROUTES.pay)} data-testid="go-pay-family">
          为家人缴费 / 预缴
        </Button>
        <Button size="large" onClick={() => openPage(ROUTES.orders)} data-testid="go-orders">
          缴费记录
        </Button>
      </View>
      <ServiceEntries />
      {data.coverage.people.map((entry) => (
        <PersonCoverage
          key={entry.person.personId}
          person={entry.person}
          relation={entry.relation}
          verification={entry.relation === 'self' ? null : verifications.get(entry.person.personId) ?? { verified: entry.verified }}
          years={entry.years}
          advances={data.advances.filter((a) => a.personId === entry.person.personId)}
          onRemove={entry.relation === 'self' || !linkOf.has(entry.person.personId) ? undefined : () => onRemove(linkOf.get(entry.person.personId)!)}
          // Money moves only for the user and verified relatives; the server refuses the others anyway.
          onPayYear={
            entry.relation === 'self' || entry.verified
              ? (benefitYear) => openPage(withQuery(ROUTES.pay, { personId: entry.person.personId, year: benefitYear }))
              : undefined
          }
        />
      ))}
      {uncovered.map((relative) => (
        <PersonCoverage
          key={relative.linkId}
          person={relative.person}
          relation={relative.relation}
          verification={{ verified: relative.verified, note: relative.verifyNote }}
          years={[]}
          onRemove={() => onRemove(relative)}
        />
      ))}
      {hasRelatives ? null : (
        <View className="app-card home__empty" data-testid="relatives-empty">
          <Text className="app-muted">还没有添加家人。添加配偶、父母、子女等近亲属后，可以查看他们的参保情况。</Text>
        </View>
      )}
      <View className="app-actions">
        <Button type="primary" size="large" onClick={() => openPage(ROUTES.addRelative)} data-testid="go-add-relative">
          添加家人
        </Button>
      </View>
      <Text className="app-muted home__today">数据日期：{data.coverage.today}</Text>
    </View>
  );
}

function UnboundView() {
  return (
    <View className="app-card" data-testid="unbound">
      <Text className="home__unbound-title">您还未完成实名认证</Text>
      <Text className="app-muted">完成实名认证后，可查看本人和家人本年度、下年度的参保缴费情况。</Text>
      <View className="app-actions">
        <Button type="primary" size="large" onClick={() => openPage(ROUTES.bindIdentity)} data-testid="go-bind">
          实名认证
        </Button>
      </View>
    </View>
  );
}

/** 我的参保: the user's and their relatives' coverage for this year and next. */
export default function CoverageHome() {
  const [state, setState] = useState<HomeState>({ kind: 'loading' });

  const load = useCallback(async () => {
    if (!hasSession()) {
      startLogin();
      return;
    }
    const result = await loadHome();
    if (result.ok) setState(result.data);
    else if (result.error.code === 'UNAUTHENTICATED') startLogin();
    else setState({ kind: 'failed', error: result.error });
  }, []);

  // Reload whenever the page shows again: coming back from 实名认证 or 添加家人 must show the change.
  useDidShow(() => {
    void load();
  });

  // A wrong relation or a mistyped person would otherwise stay on the page for good (添加 refuses the same person twice).
  const removal = useConfirmedAction((relative: HomeRelative) => api.removeRelative(relative.linkId), load);

  const greeting = state.kind === 'ready' && state.me.person ? `${state.me.person.name}，您好` : null;

  return (
    <PageShell testId="home-page">
      <PageIntro title="我的参保">{greeting ? <Text className="app-muted" data-testid="home-greeting">{greeting}</Text> : null}</PageIntro>
      {(state.kind === 'ready' || state.kind === 'unbound') && state.me.roles.some((role) => role === 'staff' || role === 'fund') ? (
        <View className="app-card" onClick={() => openPage(ROUTES.staff)} data-testid="go-staff">
          <Text style={{ color: 'var(--app-color-primary)', fontWeight: 600 }}>经办工作台：对账、平台企业参保率 ›</Text>
        </View>
      ) : null}
      <ElderModeSwitch />
      <PageLoadState
        state={state}
        onRetry={() => {
          setState({ kind: 'loading' });
          void load();
        }}
      />
      {state.kind === 'unbound' ? <UnboundView /> : null}
      <FormAlert message={removal.error} />
      {state.kind === 'ready' ? <ReadyView data={state} onRemove={removal.ask} /> : null}
      <ConfirmPanel
        {...removal.panel((relative) => ({
          title: `移除家人 ${relative.person.name}`,
          detail: '移除后不再显示其参保信息，也不能为其缴费；您为其签的自动续缴协议将一并解约，不再扣款。可以重新添加。',
          confirmText: '移除',
          danger: true,
        }))}
      />
    </PageShell>
  );
}
