// @ts-check
// Runs before the module graph loads: if the page's script or the package cannot be loaded at all
// (www/dist/ not bundled, pkg/ not built, a wrong import map), say so on the page instead of
// showing a dead editor.
document.getElementById('app-script')?.addEventListener('error', () => {
  const show = () => {
    const banner = document.getElementById('load-error');
    if (!banner) return;
    banner.hidden = false;
    banner.textContent = 'The page could not load its script or the prompt-assist package. Run scripts/demo (it runs scripts/build and bundles the page), then reload.';
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
});
