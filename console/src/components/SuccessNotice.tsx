import { Alert } from '@patternfly/react-core';

/**
 * What a change did, in words (create, edit, move, delete ...): an inline success alert inside a polite live region
 * that is always in the page, so screen readers announce the text when it appears. PatternFly puts a visually hidden
 * "Success alert:" before the title.
 */
export function SuccessNotice({ message, plain }: { message?: string; plain?: boolean }) {
  return (
    <div aria-live="polite" aria-atomic="true">
      {message && <Alert variant="success" isInline isPlain={plain} title={message} className="kc-alert" data-testid="success-alert" />}
    </div>
  );
}
