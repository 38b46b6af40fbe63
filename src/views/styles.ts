// The views' stylesheet as a string, for hosts that need to inject it themselves (e.g. a shadow root).
import css from './styles.css?inline';

export const attentionLensCss: string = css;
