export default definePageConfig({
  navigationBarTitleText: '签约自动续缴',
});
