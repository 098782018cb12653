/** Version of the `openleash` command (`openleash --version`, `openleash start --json`). */
export const VERSION = "0.1.0";
