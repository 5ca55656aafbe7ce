// Runs before the module graph loads: if app.js or the package cannot be loaded at all (pkg/ not
// built, a wrong import map), say so on the page instead of showing a dead editor.
document.getElementById('app-script').addEventListener('error', () => {
  const show = () => {
    const banner = document.getElementById('load-error');
    banner.hidden = false;
    banner.textContent = 'The page could not load the prompt-assist package. Build it with scripts/build (or run scripts/demo), then reload.';
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
});
