import { render } from 'preact';
import { Options } from './Options';
import '../app/app.css';
import './options.css';

render(<Options />, document.getElementById('app')!);
