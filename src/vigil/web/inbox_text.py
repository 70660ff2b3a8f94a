"""The report page's own words in English and Persian.

The page switches language offline, in the browser, so each text goes into the page in both
languages (``data-en`` / ``data-fa``) rather than through the gettext catalogs; the questions
and choices are the report form's own (`vigil.ingest.xlsform`).
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "title": ("Report", "گزارش"),
    "intro": (
        "Each report is encrypted on this device before it is saved or sent: only the "
        "organisation can read it. This page works without internet after your first visit; "
        "reports wait here and are sent when the connection returns.",
        "هر گزارش پیش از ذخیره یا ارسال، روی همین دستگاه رمزگذاری می‌شود و فقط سازمان "
        "می‌تواند آن را بخواند. این صفحه پس از نخستین بازدید بدون اینترنت کار می‌کند؛ "
        "گزارش‌ها اینجا می‌مانند و با برگشتن اینترنت فرستاده می‌شوند.",
    ),
    "online": ("Online", "برخط"),
    "offline": ("Offline: reports wait here", "بدون اتصال: گزارش‌ها اینجا می‌مانند"),
    "files": ("Photos or documents", "عکس یا سند"),
    "files_hint": ("At most {n} files of {mb} MB each.", "حداکثر {n} فایل، هر کدام {mb} مگابایت."),
    "submit": ("Encrypt and queue", "رمزگذاری و افزودن به صف"),
    "queue": ("Reports on this device", "گزارش‌های این دستگاه"),
    "queue_empty": ("No report yet.", "هنوز گزارشی نیست."),
    "queued": ("queued", "در صف"),
    "sent": ("sent", "فرستاده شد"),
    "refused": ("refused by the server", "سرور نپذیرفت"),
    "send_now": ("Send now", "اکنون بفرست"),
    "forget_sent": ("Forget sent reports", "پاک کردن گزارش‌های فرستاده‌شده"),
    "saved": ("Encrypted and queued.", "رمزگذاری شد و در صف است."),
    "too_big": ("A file is too large.", "یک فایل بیش از حد بزرگ است."),
    "too_many": ("Too many files.", "تعداد فایل‌ها زیاد است."),
    "need_name": ("Give the victim's name.", "نام قربانی را بنویسید."),
    "need_violation": ("Say what happened.", "بنویسید چه رخ داد."),
    "lock": ("Lock with a passphrase", "قفل با گذرواژه"),
    "lock_hint": (
        "Without the passphrase nobody can list or send the queued reports on this device.",
        "بدون گذرواژه هیچ‌کس نمی‌تواند گزارش‌های در صف این دستگاه را ببیند یا بفرستد.",
    ),
    "passphrase": ("Passphrase", "گذرواژه"),
    "set_lock": ("Lock", "قفل کن"),
    "unlock": ("Unlock", "باز کن"),
    "locked": ("The queue is locked.", "صف قفل است."),
    "wrong_passphrase": ("Wrong passphrase.", "گذرواژه نادرست است."),
    "short_passphrase": ("At least 8 characters.", "دست‌کم ۸ نویسه."),
    "lock_set": (
        "Locked: you will need the passphrase next time.",
        "قفل شد: دفعه بعد گذرواژه لازم است.",
    ),
    "no_crypto": (
        "This browser cannot encrypt (open the page over https).",
        "این مرورگر نمی‌تواند رمزگذاری کند (صفحه را با https باز کنید).",
    ),
}
