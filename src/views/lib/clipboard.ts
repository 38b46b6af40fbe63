// Writing text to the clipboard from a view. Extension pages have navigator.clipboard; a frame whose embedder does
// not delegate "clipboard-write" (the in-page overlay's iframe needs allow="clipboard-write") is refused, so the
// old selection + execCommand('copy') path, which a click's user activation allows, is tried next.
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch (err) {
    if (!execCommandCopy(text)) throw err instanceof Error ? err : new Error(String(err));
  }
}

function execCommandCopy(text: string): boolean {
  const active = document.activeElement as HTMLElement | null;
  const box = document.createElement('textarea');
  box.value = text;
  box.setAttribute('readonly', '');
  box.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;opacity:0;';
  document.body.appendChild(box);
  box.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  box.remove();
  active?.focus({ preventScroll: true });
  return ok;
}
