import { render } from 'preact';
import { Popup } from './Popup';
import '../views/styles.css';
import '../app/app.css';
import '../sidepanel/sidepanel.css';
import { localizePage } from '../platform/i18n';

// The page speaks the browser's language (_locales, browser.i18n): lang and title first, then the app.
localizePage('page_title_popup');
render(<Popup />, document.getElementById('app')!);
