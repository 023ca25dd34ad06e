// Floor of `npm run build-dashboards`: an npm script whose node process does nothing.
