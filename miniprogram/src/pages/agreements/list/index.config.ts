export default definePageConfig({
  navigationBarTitleText: '自动续缴',
});
