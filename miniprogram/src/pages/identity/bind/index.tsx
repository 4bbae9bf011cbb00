import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api } from '../../../api/client';
import { startLogin } from '../../../api/session';
import { FormAlert } from '../../../components/FormAlert';
import { PageShell } from '../../../components/PageShell';
import { PersonFieldInputs } from '../../../components/PersonFieldInputs';
import { Button } from '../../../components/nut/Button';
import { checkPersonFields, hasErrors, normalizePersonFields, type PersonFieldErrors, type PersonFields } from '../../../lib/personForm';
import { goHome } from '../../../lib/routes';
import './index.scss';

/** 实名认证: ties this WeChat user (or local session) to one person in the population registry. */
export default function BindIdentity() {
  const [fields, setFields] = useState<PersonFields>({ name: '', idNumber: '' });
  const [fieldErrors, setFieldErrors] = useState<PersonFieldErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const update = (key: keyof PersonFields) => (value: string) => {
    setFields((previous) => ({ ...previous, [key]: value }));
    setFieldErrors((previous) => ({ ...previous, [key]: undefined }));
  };

  const submit = async () => {
    const errors = checkPersonFields(fields);
    setFieldErrors(errors);
    setSubmitError(null);
    if (hasErrors(errors)) return;
    setSubmitting(true);
    const result = await api.bindIdentity(normalizePersonFields(fields));
    setSubmitting(false);
    if (result.ok) {
      void Taro.showToast({ title: '认证成功', icon: 'success' });
      goHome();
      return;
    }
    if (result.error.code === 'UNAUTHENTICATED') {
      startLogin();
      return;
    }
    // The form keeps what was typed: the message says what to correct, and nothing has to be re-entered.
    setSubmitError(result.error.message);
  };

  return (
    <PageShell testId="bind-page">
      <View className="app-card">
        <Text className="app-title">实名认证</Text>
        <Text className="app-muted bind__intro">请填写本人的姓名和身份证号码，我们将与本市人口信息核对。</Text>
        <PersonFieldInputs who="本人" fields={fields} errors={fieldErrors} onChange={(key, value) => update(key)(value)} />
        <FormAlert message={submitError} />
        <View className="app-actions">
          <Button type="primary" size="large" loading={submitting} disabled={submitting} onClick={() => void submit()} data-testid="bind-submit">
            提交认证
          </Button>
        </View>
      </View>
      <Text className="app-muted bind__privacy">身份证号码仅用于核验身份，页面上只显示部分号码。</Text>
    </PageShell>
  );
}
