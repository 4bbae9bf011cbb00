export default definePageConfig({
  navigationBarTitleText: '待人工处理款项',
});
