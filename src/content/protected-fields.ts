// Form fields whose text Attention Lens never reads: passwords, payment-card data and one-time codes.
// The check is on the field itself (type / autocomplete tokens), before its value is touched.

const SECRET_AUTOCOMPLETE = /(^|\s)(cc-[a-z-]+|one-time-code|current-password|new-password)(\s|$)/i;

/** Why this field must not be read, or null when it is an ordinary text field. */
export function protectedFieldReason(el: Element | null): string | null {
  if (!el || !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return null;
  if (el instanceof HTMLInputElement && el.type.toLowerCase() === 'password') {
    return 'This is a password field. Attention Lens never reads password fields.';
  }
  const auto = el.getAttribute('autocomplete') ?? '';
  if (SECRET_AUTOCOMPLETE.test(auto)) {
    return /cc-/i.test(auto)
      ? 'This field holds payment-card data. Attention Lens never reads it.'
      : /one-time-code/i.test(auto)
        ? 'This field holds a one-time code. Attention Lens never reads it.'
        : 'This is a password field. Attention Lens never reads password fields.';
  }
  return null;
}
