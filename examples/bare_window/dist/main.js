// Once the page is up, one command reads the database: the app's first page does as much.
const tables = await window.__TAURI_INTERNALS__.invoke('tables');
document.getElementById('ready').textContent = `${tables} tables`;
