// `dsfr.min.css` bundles the IE11 fallbacks (`dsfr.legacy`), whose invalid
// `@media (min-width: 0\0)` hack the CSS minifier rejects; the WebView needs
// only the modern styles and the print styles.
import "@gouvfr/dsfr/dist/dsfr.main.min.css";
import "@gouvfr/dsfr/dist/dsfr.print.min.css";
import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("Élément #app introuvable");

export default mount(App, { target });
