<#import "template.ftl" as layout>
<#-- The one answer to every well-formed registration request, whatever the address: nothing here may depend on it. -->
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("kceduRegisterSentTitle")}
    <#elseif section = "form">
        <div id="kcedu-register-sent" role="status">
            <p>${msg("kceduRegisterSentBody")}</p>
            <p>${msg("kceduRegisterSentHelp")}</p>
        </div>
        <p><a id="kcedu-back-to-login" href="${url.loginUrl}">${msg("backToLogin")}</a></p>
    </#if>
</@layout.registrationLayout>
