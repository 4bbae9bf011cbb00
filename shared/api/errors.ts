/**
 * The closed set of error codes every cloud function may answer with.
 * Codes are stable API; messages are Chinese, fit to show in the UI as they are.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'NOT_BOUND',
  'ALREADY_BOUND',
  'REGISTRY_MISMATCH',
  'RELATION_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_FUNCTION',
  'RATE_LIMITED',
  'ALREADY_PAID',
  'PAYMENT_IN_PROGRESS',
  'PAYMENT_FAILED',
  'RELATIVE_NOT_VERIFIED',
  'NOT_PAYABLE',
  'NOT_REFUNDABLE',
  'CHANNEL_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Default Chinese messages; a thrower may give a more specific one. */
export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: '输入内容有误，请检查后重试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '无权查看或办理该人员的业务',
  NOT_FOUND: '未找到相关记录',
  CONFLICT: '该业务已存在，请勿重复办理',
  NOT_BOUND: '请先完成实名认证',
  ALREADY_BOUND: '该微信已绑定身份，如需更换请到经办窗口办理',
  REGISTRY_MISMATCH: '姓名与身份证号码不一致，或不在本市人口库中',
  RELATION_NOT_ALLOWED: '只能添加近亲属（配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、孙子女、外孙子女）',
  PAYLOAD_TOO_LARGE: '请求内容过大',
  UNKNOWN_FUNCTION: '请求的服务不存在',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  ALREADY_PAID: '该人员该年度已参保缴费，无需重复缴纳',
  PAYMENT_IN_PROGRESS: '该人员该年度已有一笔缴费正在办理中，请稍后查看结果',
  PAYMENT_FAILED: '支付未成功，未扣款，请稍后重试',
  RELATIVE_NOT_VERIFIED: '该家人关系尚未核验，暂不能代缴，请到经办窗口核验',
  NOT_PAYABLE: '该年度暂不能缴费',
  NOT_REFUNDABLE: '不符合退费条件',
  // WeChat Pay or the bank did not answer a call we need now: nothing was done, and trying later may work.
  CHANNEL_UNAVAILABLE: '微信支付或银行暂时无法处理，请稍后重试',
  INTERNAL: '系统繁忙，请稍后再试',
};

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };
