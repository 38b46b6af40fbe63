import { render } from 'preact';
import { Overlay } from './Overlay';
import { focusFirst, trapFocus } from './focus-trap';
import { onHostMessage, startHostLink } from './host-link';
import '../views/styles.css';
import '../app/app.css';
import { localizePage } from '../platform/i18n';

// The page speaks the browser's language (_locales, browser.i18n): lang and title first, then the app.
localizePage('page_title_overlay');
// The content script hands over its end of the private channel as soon as this frame has loaded, and asks for the
// focus when the overlay opens: its first control takes it (as soon as it is drawn).
startHostLink(location.hash.slice(1));
onHostMessage((msg) => {
  if (msg.type !== 'focus') return;
  let tries = 0;
  const attempt = () => {
    if (!focusFirst() && ++tries < 30) requestAnimationFrame(attempt);
  };
  attempt();
});
render(<Overlay />, document.getElementById('app')!);
trapFocus();
