// Entry of the Options page: renders <Options /> into #app with the shared and the page styles.
import { render } from 'preact';
import { Options } from './Options';
import '../app/app.css';
import './options.css';
import { localizePage } from '../platform/i18n';

// The page speaks the browser's language (_locales, browser.i18n): lang and title first, then the app.
localizePage('page_title_options');
render(<Options />, document.getElementById('app')!);
