// Form fields whose text Attention Lens never reads: passwords, payment-card data and one-time codes.
// The check is on the field itself (type / autocomplete tokens), before its value is touched.
import { t } from '../shared/i18n';

const SECRET_AUTOCOMPLETE = /(^|\s)(cc-[a-z-]+|one-time-code|current-password|new-password)(\s|$)/i;

/** Why this field must not be read, or null when it is an ordinary text field. */
export function protectedFieldReason(el: Element | null): string | null {
  if (!el || !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return null;
  if (el instanceof HTMLInputElement && el.type.toLowerCase() === 'password') {
    return t('field_password');
  }
  const auto = el.getAttribute('autocomplete') ?? '';
  if (SECRET_AUTOCOMPLETE.test(auto)) {
    return /cc-/i.test(auto) ? t('field_card') : /one-time-code/i.test(auto) ? t('field_one_time_code') : t('field_password');
  }
  return null;
}
