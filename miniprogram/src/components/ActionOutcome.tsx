import { FormAlert } from './FormAlert';
import { Banner } from './Notice';

/** Above a page's cards: how the user's last action ended, its refusal in the API's words or what it achieved. */
export function ActionOutcome({ error, message, testId }: { error: string | null; message: string | null; testId: string }) {
  return (
    <>
      <FormAlert message={error} />
      <Banner tone="ok" testId={testId}>
        {message}
      </Banner>
    </>
  );
}
