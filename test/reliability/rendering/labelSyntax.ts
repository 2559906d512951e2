/*
 * How VS Code reads the plain-text surfaces, restated from its source (microsoft/vscode):
 * src/vs/base/browser/ui/iconLabel/iconLabels.ts (`renderLabelWithIcons`, used by quick picks, the
 * status bar and code lens titles) and src/vs/base/common/linkedText.ts (`parseLinkedText`, used by
 * notifications, whose links may run commands).
 */

const iconSyntax = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z0-9-]+)?)\)/g;

/** The icons a label would draw, and the text it would show around them. */
export function renderLabel(label: string): { icons: string[]; text: string } {
  const icons: string[] = [];
  const text = label.replace(iconSyntax, (_match, escaped: string | undefined, name: string) => {
    if (escaped) return `$(${name})`;
    icons.push(name);
    return '';
  });
  return { icons, text };
}

const linkSyntax = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

/** The links a notification would make of its message, and the text it would show (zero-width spaces dropped). */
export function renderNotification(message: string): { links: string[]; text: string } {
  const links = [...message.matchAll(linkSyntax)].map((match) => match[2]!);
  return { links, text: message.replace(linkSyntax, '$1').replace(/\u200b/g, '') };
}
