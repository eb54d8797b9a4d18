<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        ${msg("kceduRegisterDoneTitle")}
    <#elseif section = "form">
        <div id="kcedu-register-done" role="status">
            <p>${msg("kceduRegisterDoneBody", kceduEmail)}</p>
        </div>
        <p><a id="kcedu-sign-in" href="${kceduAccountUrl}">${msg("kceduRegisterSignIn")}</a></p>
    </#if>
</@layout.registrationLayout>
