// `dsfr.min.css` bundles the IE11 fallbacks (`dsfr.legacy`), whose invalid
// `@media (min-width: 0\0)` hack the CSS minifier rejects; the WebView needs
// only the modern styles and the print styles.
import "@gouvfr/dsfr/dist/dsfr.main.min.css";
import "@gouvfr/dsfr/dist/dsfr.print.min.css";
// The icon classes (`fr-icon-…`) are not in the main bundle: the system set holds those the
// pages use (add, delete, download, upload, warning); its SVGs are inlined at build time.
import "@gouvfr/dsfr/dist/utility/icons/icons-system/icons-system.main.min.css";
import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("Élément #app introuvable");

export default mount(App, { target });
