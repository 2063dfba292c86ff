// Remembers the app bar's light/dark toggle in the portal-theme cookie (read by the server when it prerenders a page,
// so a reload or a new tab paints in the chosen theme at once). A static file, not an inline script: the CSP allows 'self'.
window.portalTheme = {
    remember(choice) {
        const secure = location.protocol === 'https:' ? '; secure' : '';
        document.cookie = `portal-theme=${choice === 'dark' ? 'dark' : 'light'}; path=/; max-age=31536000; samesite=lax${secure}`;
    },
};
