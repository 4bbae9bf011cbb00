import { Text, View } from '@tarojs/components';
import { StatusTag } from '../../../components/StatusTag';
import { formatFen } from '../../../lib/money';
import { shanghaiDateTime } from '../../../lib/today';
import { CHANNEL_LABELS, KIND_LABELS, safeText, STATUS_LABELS, STATUS_ORDER, statusTone } from '../common/labels';
import type { ReconciliationReport } from '../common/staffApi';
import { SectionTitle } from '../../../components/PageIntro';

type Line = ReconciliationReport['lines'][number];

const fenOrDash = (fen: number | null): string => (fen === null ? '—' : formatFen(fen));

function DiffLine({ line }: { line: Line }) {
  return (
    <View className="app-card staff__line" data-testid="diff-line" data-status={line.status} data-ref={line.ref}>
      <View className="staff__line-head">
        <Text className="staff__line-kind">{KIND_LABELS[line.kind]}</Text>
        <StatusTag tone={statusTone(line.status)} text={STATUS_LABELS[line.status]} testId="diff-line-status" />
      </View>
      <Text className="staff__ref" data-testid="diff-line-ref">{safeText(line.ref)}</Text>
      <View className="staff__amounts">
        <Text data-testid="diff-line-ours">我方 {fenOrDash(line.ourFen)}</Text>
        <Text data-testid="diff-line-channel">渠道 {fenOrDash(line.channelFen)}</Text>
      </View>
      {line.detail ? <Text className="app-muted">{safeText(line.detail)}</Text> : null}
    </View>
  );
}

/** One (channel, day) report: the count per status, then every line that differs; matches only as a count. */
export function ReportView({ report }: { report: ReconciliationReport }) {
  const differing = report.lines.filter((line) => line.status !== 'MATCHED');
  const checkedAt = report.checkedAt ?? report.lines[0]?.checkedAt;
  return (
    <View data-testid="recon-report" data-channel={report.channel} data-bill-date={report.billDate}>
      <View className="app-card">
        <Text className="staff__report-title">
          {report.billDate} {CHANNEL_LABELS[report.channel]}对账结果
        </Text>
        {checkedAt ? <Text className="app-muted">核对时间：{shanghaiDateTime(checkedAt)}</Text> : null}
        <View className="staff__counts">
          {STATUS_ORDER.map((status) => (
            <View key={status} className="staff__count" data-testid="recon-count" data-status={status} data-count={report.counts[status]}>
              <Text className="staff__count-number">{report.counts[status]}</Text>
              <Text className="app-muted">{STATUS_LABELS[status]}</Text>
            </View>
          ))}
        </View>
      </View>
      {report.lines.length === 0 && checkedAt ? (
        <View className="app-card" data-testid="recon-no-transactions">
          <Text className="app-muted">已核对：该日对账单和我方记录都没有交易，没有差异。</Text>
        </View>
      ) : report.lines.length === 0 ? (
        <View className="app-card" data-testid="recon-empty">
          <Text className="app-muted">该日还没有对账结果。点“重新对账”下载对账单并与我方记录核对。</Text>
        </View>
      ) : differing.length === 0 ? (
        <View className="app-card" data-testid="recon-all-matched">
          <Text>全部 {report.lines.length} 笔一致，没有差异。</Text>
        </View>
      ) : (
        <View data-testid="diff-lines">
          <SectionTitle>差异明细（{differing.length} 笔，仅列出，不自动更正）</SectionTitle>
          {differing.map((line) => (
            <DiffLine key={`${line.kind}-${line.ref}`} line={line} />
          ))}
        </View>
      )}
    </View>
  );
}
