<#-- Layout of kc-edu's self-service e-mails: the realm's branding (name, logo, primary colour, footer) when set. -->
<#macro layout>
<html lang="${locale.language}">
<body style="font-family: Arial, sans-serif; color: #1b1d1f;">
<#if branding.logoUrl??><p><img src="${branding.logoUrl}" alt="${realmName}" style="max-height: 64px;"/></p></#if>
<h1 style="font-size: 1.25rem; color: ${branding.primaryColor!'#1f4e79'};">${realmName}</h1>
<#nested>
<p style="font-size: 0.875rem; color: #3c3f42;">${branding.footerText!msg("kceduSignature")}<#if branding.helpUrl??> · <a href="${branding.helpUrl}">${branding.helpText!msg("kceduHelp")}</a></#if></p>
</body>
</html>
</#macro>
