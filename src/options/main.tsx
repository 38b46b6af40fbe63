// Entry of the Options page: renders <Options /> into #app with the shared and the page styles.
import { render } from 'preact';
import { Options } from './Options';
import '../app/app.css';
import './options.css';

render(<Options />, document.getElementById('app')!);
