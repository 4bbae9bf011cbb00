import { Text, View } from '@tarojs/components';
import './FormAlert.scss';

/** A submit's failure, in the API's own Chinese message, shown above the button that failed. */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <View className="form-alert" data-testid="form-error">
      <Text>{message}</Text>
    </View>
  );
}
