/** Markdown files are bundled as text (tsup `loader: { ".md": "text" }`, a vitest plugin in tests). */
declare module "*.md" {
  const text: string;
  export default text;
}
