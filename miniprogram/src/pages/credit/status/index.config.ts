export default definePageConfig({
  navigationBarTitleText: '待遇状态',
});
