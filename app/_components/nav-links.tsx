"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { CartIcon, HomeIcon } from "./ui";

const links = [
  { href: "/", label: "Dashboard", icon: HomeIcon, match: (path: string) => path === "/" || path.startsWith("/servers") || path.startsWith("/orders/") },
  { href: "/order", label: "Order a server", icon: CartIcon, match: (path: string) => path === "/order" },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav className="flex flex-col gap-1">
      {links.map(({ href, label, icon: Icon, match }) => {
        const active = match(pathname);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors ${
              active ? "bg-slate-800 text-white" : "text-slate-400 hover:bg-slate-800/60 hover:text-white"
            }`}
          >
            <Icon className="size-5 shrink-0" />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
