/**
 * Outside Tencent Cloud the SDK asks http://metadata.tencentyun.com, before every request, whether it runs
 * on Tencent Cloud (two probes with a 30 ms timeout each, never cached when they fail). Here that adds up
 * to 60 ms per request once the resolver starts timing out, which makes HTTP-level tests slow for nothing.
 * TENCENTCLOUD=true is the SDK's own switch to skip the probe; with an explicit serviceUrl it changes no
 * request except the X-TCB-Source tag. Tests set it for their duration and restore it after.
 */
export function skipSdkMetadataProbe(): () => void {
  const previous = process.env.TENCENTCLOUD;
  process.env.TENCENTCLOUD = 'true';
  return () => {
    if (previous === undefined) delete process.env.TENCENTCLOUD;
    else process.env.TENCENTCLOUD = previous;
  };
}
