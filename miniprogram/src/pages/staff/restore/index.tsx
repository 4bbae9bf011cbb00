import { useState } from 'react';
import { View } from '@tarojs/components';
import type { RestoreOutput } from '@shared/api/contract';
import { PageShell } from '../../../components/PageShell';
import { PageIntro } from '../../../components/PageIntro';
import { Button } from '../../../components/nut/Button';
import { ActionOutcome } from '../../../components/ActionOutcome';
import { FormAlert } from '../../../components/FormAlert';
import { TextField } from '../../../components/TextField';
import { shanghaiToday } from '../../../lib/today';
import { AccessGate } from '../common/AccessGate';
import { staffApi } from '../common/staffApi';
import { useStaffAccess } from '../common/useStaffAccess';
import '../common/staff.scss';

interface Form {
  idNumber: string;
  benefitYear: string;
  reason: string;
}

/** What is wrong with the form before asking the server, in the words a clerk needs; null when nothing is. */
function formProblem(form: Form): string | null {
  if (!/^\d{17}[\dXx]$/.test(form.idNumber.trim())) return '请填写18位身份证号';
  if (!/^\d{4}$/.test(form.benefitYear.trim())) return '请填写4位参保年度，如 2026';
  if (form.reason.trim() === '') return '请填写恢复原因';
  return null;
}

function restoredText(r: RestoreOutput['restored']): string {
  return `已恢复参保：${r.personName} ${r.idMasked} ${r.benefitYear} 年度（自 ${r.suspendedFrom} 暂停）${r.notified ? '，已通知本人' : '；本人未绑定小程序，未发送通知'}`;
}

/**
 * 恢复暂停参保 (经办窗口): a year suspended because its person left resident insurance after it started (D15) is taken
 * up again, e.g. when they are back from employee insurance. Every suspension notice sends people here; the server
 * checks the year is suspended and restores it once.
 */
export default function RestoreSuspended() {
  const { access, recheck } = useStaffAccess();
  const blank: Form = { idNumber: '', benefitYear: shanghaiToday().slice(0, 4), reason: '' };
  const [form, setForm] = useState<Form>(blank);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (key: keyof Form) => (value: string) => {
    // What was wrong with the last try is not wrong with what is being typed now.
    setForm((f) => ({ ...f, [key]: value }));
    setError(null);
  };
  const submit = async () => {
    const problem = formProblem(form);
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    setMessage(null);
    const answer = await staffApi.restoreSuspended(form.idNumber.trim().toUpperCase(), Number(form.benefitYear.trim()), form.reason.trim());
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error.message);
      return;
    }
    setMessage(restoredText(answer.data.restored));
    setForm(blank);
  };
  return (
    <PageShell testId="restore-page">
      <PageIntro
        title="恢复暂停参保"
        intro="待遇年度开始后退出居民医保的，该年度暂停参保、已缴费用不退。参保人重新参加居民医保等情形，可在此恢复该年度参保，恢复后即可正常享受待遇。"
      />
      <AccessGate access={access} onRetry={recheck}>
        <ActionOutcome error={null} message={message} testId="restore-message" />
        <View className="app-card" data-testid="restore-form">
          <TextField testId="restore-id" label="身份证号" type="idcard" value={form.idNumber} placeholder="参保人的18位身份证号" maxLength={18} onChange={field('idNumber')} />
          <TextField testId="restore-year" label="参保年度" value={form.benefitYear} placeholder="如 2026" maxLength={4} onChange={field('benefitYear')} />
          <TextField testId="restore-reason" label="恢复原因" value={form.reason} placeholder="如：已退出职工医保，重新参加居民医保" maxLength={100} onChange={field('reason')} />
          <FormAlert message={error} />
          <View className="app-actions">
            <Button type="primary" size="large" loading={busy} disabled={busy} onClick={() => void submit()} data-testid="restore-submit">
              恢复参保
            </Button>
          </View>
        </View>
      </AccessGate>
    </PageShell>
  );
}
